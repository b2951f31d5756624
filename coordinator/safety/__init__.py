"""The volunteer's part in a family's safety plan (sikkerhedsplan), recorded by the caseworker."""
