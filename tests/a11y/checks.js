// The checks axe-core does not do, run in the page: returns a list of findings (strings).
// `narrow` is true when the viewport is 320 px wide (only the reflow check then).
(narrow) => {
  const findings = [];
  const describe = (el) => {
    let text = `<${el.tagName.toLowerCase()}`;
    for (const attr of ["id", "name", "type"]) {
      if (el.getAttribute(attr)) text += ` ${attr}="${el.getAttribute(attr)}"`;
    }
    return `${text}>`;
  };

  // 1.4.10 reflow: nothing may make the page wider than a 320 px phone.
  const width = document.documentElement.scrollWidth;
  if (narrow && width > window.innerWidth) {
    const wide = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.closest("[data-scroll-region]"))
      .slice(-3).map(describe).join(", ");
    findings.push(`scrolls sideways at ${window.innerWidth} px: ${width} px wide (${wide})`);
  }
  if (narrow) return findings;

  // Ids are unique, so labels and references reach the right element.
  const counts = new Map();
  for (const el of document.querySelectorAll("[id]")) {
    counts.set(el.id, (counts.get(el.id) || 0) + 1);
  }
  for (const [id, count] of counts) {
    if (count > 1) findings.push(`duplicate id "${id}" (${count} elements)`);
  }

  // References to ids that do not exist (aria-describedby="None", a label for nothing).
  for (const attr of ["for", "aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const ref of el.getAttribute(attr).split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(ref)) {
          findings.push(`${attr}="${ref}" on ${describe(el)} points at no element`);
        }
      }
    }
  }

  // A label names a form control, never a list or a group.
  const controls = "input:not([type=hidden]), select, textarea, button, meter, output, progress";
  for (const label of document.querySelectorAll("label[for]")) {
    const target = document.getElementById(label.htmlFor);
    if (target && !target.matches(controls)) {
      findings.push(`<label for="${label.htmlFor}"> points at ${describe(target)}, not a control`);
    }
  }

  // aria-invalid belongs on a control (or a group), never on a list.
  for (const el of document.querySelectorAll("[aria-invalid]")) {
    if (!el.matches(`${controls}, fieldset, [role=group], [role=radiogroup]`)) {
      findings.push(`aria-invalid on ${describe(el)}, not a control`);
    }
  }

  // Checkbox and radio groups are a fieldset with a legend; `required` is not on every box.
  const groups = new Map();
  for (const box of document.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    const key = `${box.form ? [...document.forms].indexOf(box.form) : "-"}/${box.name}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(box);
  }
  for (const boxes of groups.values()) {
    const first = boxes[0];
    if (boxes.length < 2 && first.type === "checkbox") continue;
    const fieldset = first.closest("fieldset");
    const legend = fieldset && fieldset.querySelector(":scope > legend");
    const group = first.closest("[role=group], [role=radiogroup]");
    const named = group && (group.getAttribute("aria-label") || group.getAttribute("aria-labelledby"));
    if (!(legend && legend.textContent.trim()) && !named) {
      findings.push(`${first.type} group "${first.name}" has no fieldset with a legend`);
    }
    if (first.type === "checkbox" && boxes.length > 1 && boxes.every((b) => b.required)) {
      findings.push(`every checkbox of group "${first.name}" is required`);
    }
  }

  // 1.4.11 non-text contrast: a control's border against what is behind it, at least 3:1.
  const rgb = (color) => {
    const parts = color.match(/[\d.]+/g);
    if (!parts) return null;
    const [r, g, b, a = 1] = parts.map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const channel = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const backdrop = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color && color.a > 0.5) return color;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const fields = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset])" +
    ":not([type=image]):not([type=range]):not([type=color]), select, textarea";
  for (const el of document.querySelectorAll(fields)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
    const style = getComputedStyle(el);
    const behind = backdrop(el);
    // A checked box is filled with its own colour; judge the unchecked state's border.
    const border = rgb(style.borderTopColor);
    const borderWidth = parseFloat(style.borderTopWidth);
    const fill = rgb(style.backgroundColor);
    const best = Math.max(
      borderWidth > 0 && border && border.a > 0.5 ? ratio(border, behind) : 0,
      fill && fill.a > 0.5 ? ratio(fill, behind) : 0,
    );
    if (best < 3) {
      findings.push(`border of ${describe(el)} is ${best.toFixed(2)}:1 against its background`);
    }
  }
  return findings;
}
