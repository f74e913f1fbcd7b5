// Sign up a practice: a link to confirm the owner's address goes out by e-mail.
import type { z } from 'zod';
import { SignupAccepted, type SignupRequest } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

export const signUpPractice = (data: z.infer<typeof SignupRequest>) => api.post('/api/practices', data, SignupAccepted, { expectAuthFailure: true });
