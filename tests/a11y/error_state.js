// After a failed submit (WCAG 3.3.1, 2.4.2, 2.4.3): the title says so, the error summary has
// the focus, and it links to every field marked invalid. Returns a list of findings.
(prefix) => {
  const findings = [];
  if (!document.title.startsWith(prefix)) {
    findings.push(`title "${document.title}" does not start with "${prefix}"`);
  }
  const summary = document.querySelector(".error-summary");
  if (!summary) {
    findings.push("no error summary");
    return findings;
  }
  if (!summary.contains(document.activeElement)) {
    const active = document.activeElement;
    findings.push(`the focus is on <${active.tagName.toLowerCase()}>, not the error summary`);
  }
  const links = new Set(
    [...summary.querySelectorAll("a[href^='#']")].map((a) => a.getAttribute("href").slice(1)),
  );
  for (const el of document.querySelectorAll("[aria-invalid=true]")) {
    // A group is reached through any of its controls (the summary links to the first).
    const group = el.closest("fieldset.choices") || (el.matches("fieldset") ? el : null);
    const targets = group
      ? [group.id, ...[...group.querySelectorAll("input, select, textarea")].map((c) => c.id)]
      : [el.id];
    if (!targets.some((id) => id && links.has(id))) {
      findings.push(`the error summary does not link to the invalid field "${el.id || el.name}"`);
    }
    const target = document.getElementById([...links].find((id) => targets.includes(id)) || "");
    if (!target && targets.some((id) => links.has(id))) {
      findings.push(`the error summary links to a missing field "${el.id}"`);
    }
  }
  return findings;
}
