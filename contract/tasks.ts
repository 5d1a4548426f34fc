import { z } from 'zod';
import { CalendarDate } from './clients.js';
import { IsoTime, RecordId } from './common.js';

export const TaskStatus = z.enum(['open', 'in_progress', 'done', 'cancelled']);
export const TaskPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export const TaskStatusLabels: Record<z.infer<typeof TaskStatus>, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };
export const TaskPriorityLabels: Record<z.infer<typeof TaskPriority>, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };

const Ref = z.object({ id: z.string(), name: z.string() });

export const TaskView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  client: Ref.nullable(),
  assignee: Ref.nullable(),
  dueOn: z.string().nullable(),
  overdue: z.boolean().describe('Due before today and not done or cancelled'),
  priority: TaskPriority,
  status: TaskStatus,
  completedAt: IsoTime.nullable(),
  createdAt: IsoTime,
  canEdit: z.boolean(),
});
export type TaskView = z.infer<typeof TaskView>;

export const TaskListQuery = z.object({
  view: z.enum(['mine', 'overdue', 'all']).default('mine').describe('mine: assigned to me and still open; overdue: open and past due that I can see; all: every task I can see'),
  clientId: RecordId.optional(),
  status: TaskStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();
export const TaskList = z.object({ items: z.array(TaskView), total: z.number().int() });

export const CreateTaskBody = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().max(10_000).default(''),
    clientId: RecordId.nullable().default(null),
    assigneeMembershipId: RecordId.nullable().optional().describe('Defaults to the creator'),
    dueOn: CalendarDate.nullable().default(null),
    priority: TaskPriority.default('normal'),
  })
  .strict()
  .meta({ example: { title: 'Send the QBR deck', clientId: 'cl_5n0kq3x8m2v7c1r9t4w6y8z0ab', dueOn: '2026-12-15', priority: 'high' } });
export type CreateTaskBody = z.input<typeof CreateTaskBody>;

export const UpdateTaskBody = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(10_000).optional(),
    clientId: RecordId.nullable().optional(),
    assigneeMembershipId: RecordId.nullable().optional(),
    dueOn: CalendarDate.nullable().optional(),
    priority: TaskPriority.optional(),
    status: TaskStatus.optional(),
  })
  .strict();
