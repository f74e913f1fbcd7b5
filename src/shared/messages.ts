// Secure messaging, message services and the public Contact Us form: contracts shared by the
// server (validation, OpenAPI) and the SPA.
import { z } from 'zod';
import { Named } from './api.js';
import { Phone } from './clients.js';
import { email, id, text } from './strings.js';


// ---- a client's thread ----

/** Most documents one message may carry. */
export const MAX_ATTACHMENTS = 5;

/**
 * A message's text and the documents it carries (ids of the client's documents, uploaded first).
 * The text may be empty only when at least one document is attached.
 */
const messageShape = {
  body: text({ max: 10_000, multiline: true }),
  documentIds: z
    .array(z.uuid({ message: 'must be a document id' }))
    .max(MAX_ATTACHMENTS, { message: `must be at most ${MAX_ATTACHMENTS} documents` })
    .optional(),
};

function checkMessage(m: { body: string; documentIds?: string[] | undefined }, ctx: z.RefinementCtx) {
  if (!m.body.trim() && !m.documentIds?.length) ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required (or attach a file)' });
  m.documentIds?.forEach((docId, i) => {
    if (m.documentIds!.indexOf(docId) !== i) ctx.addIssue({ code: 'custom', path: ['documentIds', i], message: 'is attached twice' });
  });
}

/** A staff reply. */
export const MessageBody = z.strictObject(messageShape).superRefine(checkMessage);
export type MessageBody = z.infer<typeof MessageBody>;

/** A client's message from the portal, optionally through one of the practice's message services. */
export const PortalMessageInput = z.strictObject({ ...messageShape, serviceId: id.optional() }).superRefine(checkMessage);
export type PortalMessageInput = z.infer<typeof PortalMessageInput>;

/** A document a message carries: enough to show and download it (the name is PHI, decrypted for the reader). */
export const MessageAttachment = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number() });
export type MessageAttachment = z.infer<typeof MessageAttachment>;

export const ClientMessage = z.object({
  id: z.string(),
  authorType: z.enum(['client', 'staff']),
  authorId: z.string(),
  serviceId: z.string().nullable(),
  body: z.string(),
  attachments: z.array(MessageAttachment),
  createdAt: z.string(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

/** A message as the client sees it in the portal: no author ids (staff user ids stay inside the practice). */
export const PortalMessage = ClientMessage.omit({ authorId: true });
export type PortalMessage = z.infer<typeof PortalMessage>;

export const ThreadState = z.object({
  clientId: z.string(),
  /** True until a colleague replies or closes the thread; reading alone never clears it. */
  unread: z.boolean(),
  lastMessageAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
});
export type ThreadState = z.infer<typeof ThreadState>;

export const ClientThread = ThreadState.extend({ messages: z.array(ClientMessage) });
export type ClientThread = z.infer<typeof ClientThread>;

/** The thread as the client sees it: no staff user ids (neither authors nor who closed it). */
export const PortalThread = ThreadState.omit({ closedBy: true }).extend({ messages: z.array(PortalMessage) });
export type PortalThread = z.infer<typeof PortalThread>;

// ---- message services (named buttons in the portal, each reaching chosen colleagues) ----

const serviceName = text({ min: 1, max: 80 });
const memberIds = z.array(id).max(100);

export const MessageService = z.object({ id: z.string(), name: z.string(), active: z.boolean(), memberIds: z.array(z.string()) });
export type MessageService = z.infer<typeof MessageService>;
export const MessageServiceList = z.object({ services: z.array(MessageService) });
/** Every service's name (active or not: old messages name retired ones), for any colleague who reads threads. */
export const MessageServiceNames = z.object({ services: z.array(Named) });

export const MessageServiceInput = z.strictObject({ name: serviceName, memberIds, active: z.boolean().optional() });
export type MessageServiceInput = z.infer<typeof MessageServiceInput>;
export const MessageServicePatch = z.strictObject({ name: serviceName.optional(), memberIds: memberIds.optional(), active: z.boolean().optional() });
export type MessageServicePatch = z.infer<typeof MessageServicePatch>;

export const ServiceIdParams = z.strictObject({ serviceId: id });
export const RequestIdParams = z.strictObject({ requestId: id });

// ---- the practice's public profile and Contact Us ----

export const Slug = z
  .string()
  .min(3, { message: 'must be at least 3 characters' })
  .max(63, { message: 'must be at most 63 characters' })
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, { message: 'must be lowercase letters, digits and inner hyphens' });

/** The name mail is sent under: neutral by default, so an inbox does not reveal the kind of care. */
export const SenderName = text({ min: 1, max: 60 }).refine((s) => !/[<>"@\\]/.test(s), { message: 'must not contain < > " @ or \\' });

export const PracticeProfile = z.object({
  /** Null until the admin first saves the profile. */
  slug: z.string().nullable(),
  displayName: z.string(),
  senderName: z.string(),
  contactEnabled: z.boolean(),
  contactServiceId: z.string().nullable(),
});
export type PracticeProfile = z.infer<typeof PracticeProfile>;

export const PracticeProfileInput = z.strictObject({
  slug: Slug,
  displayName: text({ min: 1, max: 120 }),
  senderName: SenderName,
  contactEnabled: z.boolean(),
  contactServiceId: id.nullable(),
});
export type PracticeProfileInput = z.infer<typeof PracticeProfileInput>;

export const SlugParams = z.strictObject({ slug: z.string().min(1).max(100) });

/** What anyone may see of a practice: no staff names, no specialty. */
export const PublicPractice = z.object({ displayName: z.string(), contactEnabled: z.boolean() });

export const ContactInput = z.strictObject({
  name: text({ min: 1, max: 200 }),
  email,
  phone: Phone.optional(),
  message: text({ min: 1, max: 5000, multiline: true }),
  /** A honeypot: hidden from people, filled by form-filling robots. Must stay empty. */
  website: z.string().max(2000).optional(),
});
export type ContactInput = z.infer<typeof ContactInput>;

export const ContactAccepted = z.object({ status: z.literal('received') });

export const ContactRequest = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  message: z.string(),
  createdAt: z.string(),
  handledAt: z.string().nullable(),
  handledBy: z.string().nullable(),
});
export type ContactRequest = z.infer<typeof ContactRequest>;
export const ContactRequestList = z.object({ requests: z.array(ContactRequest) });
export const ContactHandled = z.object({ id: z.string(), handledAt: z.string(), handledBy: z.string() });
