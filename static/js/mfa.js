// The enrolment page: when django-otp-webauthn reports a registered passkey, continue to the
// recovery codes (a POST form on the page, so no state changes on a GET).
document.addEventListener("otp_webauthn.register_complete", function () {
  var done = document.getElementById("passkey-done");
  if (done) {
    done.submit();
  }
});
