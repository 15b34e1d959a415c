// Week grid quick-fill ("attended as planned"): progressive enhancement only. Without this
// file the grid is plain inputs that work the same; the buttons stay hidden.
document.addEventListener("DOMContentLoaded", function () {
  var grid = document.querySelector("[data-attendance-grid]");
  if (!grid) {
    return;
  }
  function input(row, field) {
    return row.querySelector('[data-field="' + field + '"]');
  }
  function isBlank(el) {
    return !el || el.value.trim() === "" || el.value.trim() === "0";
  }
  function fill(row, force) {
    var planned = input(row, "planned_hours");
    var attended = input(row, "attended_hours");
    var excused = input(row, "excused_hours");
    var unexcused = input(row, "unexcused_hours");
    var untouched = isBlank(attended) && isBlank(excused) && isBlank(unexcused);
    if (!planned || !attended || (!force && !untouched)) {
      return;
    }
    attended.value = planned.value;
    excused.value = "0";
    unexcused.value = "0";
  }
  grid.querySelectorAll(".js-fill").forEach(function (el) {
    el.hidden = false;
  });
  grid.querySelectorAll("[data-fill-row]").forEach(function (button) {
    button.addEventListener("click", function () {
      fill(button.closest("[data-row]"), true);
    });
  });
  var all = grid.querySelector("[data-fill-all]");
  if (all) {
    all.addEventListener("click", function () {
      grid.querySelectorAll("[data-row]").forEach(function (row) {
        fill(row, false);
      });
    });
  }
});
