// The auth feature's public face: staff sign-in, sign-up, invitation acceptance and password
// reset pages, and the reset views the portal reuses with its own words and paths.
export { AcceptInvitePage } from './components/AcceptInvitePage.js';
export { LoginPage } from './components/LoginPage.js';
export { ForgotPasswordPage, ForgotPasswordView, ResetPasswordPage, ResetPasswordView } from './components/PasswordReset.js';
export { SignupPage, SignupVerifyPage } from './components/SignupPage.js';
