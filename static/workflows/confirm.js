// With JavaScript, a final action's button opens its DSFR confirmation modal instead of
// posting: the modal's own button posts with `confirmed`. Without it, the button posts and
// the server answers with a confirmation page.
document.querySelectorAll("[data-confirm-trigger]").forEach((trigger) => {
  trigger.type = "button";
  const modal = document.getElementById(trigger.getAttribute("aria-controls"));
  // Enter in a field submits the form through its first submit button, the modal's own:
  // open the modal instead, so nothing final is applied unconfirmed.
  trigger.form.addEventListener("submit", (event) => {
    if (!modal.open) {
      event.preventDefault();
      trigger.click();
    }
  });
});
