import { IdParam } from '../../../contract/common.js';
import { CreateTaskBody, TaskList, TaskListQuery, TaskView, UpdateTaskBody } from '../../../contract/tasks.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { createTask, deleteTask, getTask, listTasks, updateTask } from './tasks.service.js';

const tags = ['tasks'];

export function taskRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/tasks', { schema: { tags, summary: 'My tasks, overdue tasks, or all tasks I can see', querystring: TaskListQuery, response: responses({ 200: TaskList }) } }, async (req) =>
    listTasks(ctxOf(req), req.query),
  );
  app.post('/api/v1/tasks', { schema: { tags, summary: 'Add a task', body: CreateTaskBody, response: responses({ 201: TaskView }) } }, async (req, reply) =>
    reply.code(201).send(await createTask(ctxOf(req), req.body)),
  );
  app.get('/api/v1/tasks/:id', { schema: { tags, summary: 'One task', params: IdParam, response: responses({ 200: TaskView }) } }, async (req) => getTask(ctxOf(req), req.params.id));
  app.patch('/api/v1/tasks/:id', { schema: { tags, summary: 'Change or complete a task', params: IdParam, body: UpdateTaskBody, response: responses({ 200: TaskView }) } }, async (req) =>
    updateTask(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/api/v1/tasks/:id', { schema: { tags, summary: 'Delete a task', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await deleteTask(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
