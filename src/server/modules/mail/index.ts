// The mail module's public face: the mailer every module sends through (ctx.mailer, built with the
// shared context, so no module definition of its own).
export { createMailer, type Mail, type Mailer } from './mailer.js';
