// What a password-reset mail says, for staff and portal accounts alike: a single-use link with its
// token in the fragment (never sent to the server, so never in access logs or a Referer), valid one
// hour, and nothing about the person or their care.
export const RESET_TTL_MS = 60 * 60 * 1000;

export function passwordResetMail(link: string, words: { account: string; mfa: string }): { subject: string; text: string } {
  return {
    subject: `Reset your ${words.account} password`,
    text:
      `Someone asked to reset the password of your ${words.account}.\n\n` +
      `To choose a new password, open this link within the next hour:\n${link}\n\n` +
      `If you did not ask for this, ignore this message; your password stays as it is.\n` +
      `Resetting your password does not turn off ${words.mfa}.`,
  };
}
