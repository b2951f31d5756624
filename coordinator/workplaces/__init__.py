"""The leisure-job track: local workplaces and job-search milestones on leisure-job matches."""
