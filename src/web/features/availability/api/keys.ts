// A provider's availability (working hours, buffer, blocked time) and waitlist: query keys and paths.
export const availabilityKeys = {
  hours: (providerId: string) => ['availability', 'hours', providerId] as const,
  blocked: (providerId: string) => ['availability', 'blocked', providerId] as const,
  waitlist: (providerId: string) => ['availability', 'waitlist', providerId] as const,
};

const p = (id: string) => `/api/providers/${encodeURIComponent(id)}`;
export const availabilityPath = (providerId: string) => `${p(providerId)}/availability`;
export const blockedPath = (providerId: string) => `${p(providerId)}/blocked-times`;
