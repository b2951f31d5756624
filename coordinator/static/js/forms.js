// Small enhancements of forms; every page works without them.
// 1. After a failed submit the error summary takes the focus (WCAG 3.3.1), so a screen reader
//    reads what went wrong and a keyboard user can follow its links to each field.
// 2. A long list of checkboxes gets a filter box: typing narrows the list (boxes already
//    ticked stay in view). Without JavaScript the whole list shows and the box stays hidden.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
  document.querySelectorAll("[data-filter-for]").forEach(function (input) {
    var group = document.getElementById(input.dataset.filterFor);
    if (!group) { return; }
    var labels = group.querySelectorAll(".choice-list label");
    input.closest(".choice-filter").hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.trim().toLocaleLowerCase();
      labels.forEach(function (label) {
        var box = label.querySelector("input");
        var shown = !words || box.checked || label.textContent.toLocaleLowerCase().indexOf(words) !== -1;
        label.hidden = !shown;
      });
    });
  });
}());
