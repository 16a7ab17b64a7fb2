import { Schema, type Types } from 'mongoose';

export const USER_ROLES = ['agent', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const PRESENCES = ['online', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

export interface UserDoc {
  _id: Types.ObjectId;
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  presence: Presence;
  /** How many conversations the agent takes at once. */
  capacity: number;
  /** False once deactivated: the user can no longer sign in and every token of theirs stops working. */
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const userSchema = new Schema<UserDoc>(
  {
    email: { type: String, required: true, trim: true, lowercase: true, maxlength: 254 },
    name: { type: String, required: true, trim: true, maxlength: 200 },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: USER_ROLES, required: true },
    presence: { type: String, enum: PRESENCES, default: 'offline' },
    capacity: { type: Number, default: 5, min: 0, max: 100 },
    active: { type: Boolean, default: true },
    lastLoginAt: { type: Date, default: null },
  },
  { timestamps: true },
);

userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, presence: 1 });
