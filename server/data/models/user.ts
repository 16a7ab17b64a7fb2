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
  /** Conversations the agent owns now; raised and lowered only by the ownership module with the status. */
  activeCount: number;
  /** Last sign of life from one of the agent's sockets (any node); presence lapses to offline after a grace. */
  presenceSeenAt: Date | null;
  /** Last time a conversation was assigned to the agent: routing breaks ties by the longest idle. */
  lastAssignedAt: Date | null;
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
    activeCount: { type: Number, default: 0, min: 0 },
    presenceSeenAt: { type: Date, default: null },
    lastAssignedAt: { type: Date, default: null },
    lastLoginAt: { type: Date, default: null },
  },
  { timestamps: true },
);

userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, presence: 1 });
