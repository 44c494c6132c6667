export * from './dto.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './schedule-view.ts';
export * from './slots.ts';
export * from './time.ts';
