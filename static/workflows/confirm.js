// With JavaScript, a final action's button opens its DSFR confirmation modal instead of
// posting: the modal's own button posts with `confirmed`. Without it, the button posts and
// the server answers with a confirmation page.
document.querySelectorAll("[data-confirm-trigger]").forEach((button) => {
  button.type = "button";
});
