// Finish signing up with the mail's single-use token (signs the owner in).
import type { z } from 'zod';
import { LoginResponse, type SignupVerifyRequest } from '../../../../shared/api.js';
import { api } from '../../../api/client.js';

export const verifySignup = (data: z.infer<typeof SignupVerifyRequest>) => api.post('/api/practices/verify', data, LoginResponse, { expectAuthFailure: true });
