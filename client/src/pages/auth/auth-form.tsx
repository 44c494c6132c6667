import type { AuthResult } from '@glamify/shared';
import type { ComponentChildren, TargetedEvent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../../lib/api-error';
import { navigate, safeNext } from '../../lib/router';
import { signIn } from '../../lib/session';

export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'email' | 'password';
  autoComplete: string;
  hint?: string;
  minLength?: number;
  /** The server's limit: the input stops there, and a pasted longer value is named. */
  maxLength?: number;
}

/** "body/email", "/email" or "email" → "email". */
export function fieldName(field: string | undefined): string | undefined {
  return field?.split(/[/.]/).filter(Boolean).pop();
}

function messageFor(err: ApiError): string {
  switch (err.code) {
    case 'INVALID_CREDENTIALS':
      return 'That email and password do not match an account.';
    case 'EMAIL_TAKEN':
      return 'An account with this email already exists. Try signing in.';
    case 'RATE_LIMITED':
      return 'Too many attempts. Please wait a minute and try again.';
    default:
      return err.detail;
  }
}

/**
 * What is wrong with a field, in words, from the browser's own checks (the
 * form sets noValidate, so no tooltip speaks instead of the page).
 */
export function fieldProblem(f: FieldSpec, input: Pick<HTMLInputElement, 'value' | 'validity'>): string | null {
  // Spaces alone are no name (nor email): said as an empty field, not as the server's pattern.
  if ((f.type === 'password' ? input.value : input.value.trim()) === '') {
    const what = f.label.toLowerCase();
    return `Enter ${f.type === 'password' ? 'a password' : what.startsWith('your ') ? what : `your ${what}`}.`;
  }
  if (input.validity.typeMismatch) return 'Enter an email address like name@example.com.';
  // Counted here: the browser only flags tooShort after typing, not for a filled-in value.
  if (f.minLength !== undefined && input.value.length < f.minLength) return `Use at least ${f.minLength} characters.`;
  if (f.maxLength !== undefined && input.value.length > f.maxLength) return `Use at most ${f.maxLength} characters.`;
  return null;
}

/** The shared sign-in / register form: field errors sit next to their field. */
export function AuthForm({
  fields,
  submitLabel,
  submit,
  next,
  children,
}: {
  fields: FieldSpec[];
  submitLabel: string;
  submit: (values: Record<string, string>) => Promise<AuthResult>;
  next: string | null;
  children?: ComponentChildren;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setGeneral(null);
    // Checked here, said next to each field; the server checks the same rules again.
    const problems: Record<string, string> = {};
    for (const f of fields) {
      const input = formRef.current?.querySelector<HTMLInputElement>(`[name="${f.name}"]`);
      const problem = input ? fieldProblem(f, input) : null;
      if (problem) problems[f.name] = problem;
    }
    const firstBad = fields.find((f) => problems[f.name]);
    if (firstBad) {
      setErrors(problems);
      formRef.current?.querySelector<HTMLInputElement>(`[name="${firstBad.name}"]`)?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const result = await submit(values);
      signIn(result);
      // Owners run their salon from the console: the search page is no place to land.
      const wanted = safeNext(next);
      navigate(wanted === '/' && result.user.role === 'owner' ? '/owner' : wanted, { replace: true });
    } catch (err) {
      const f = err instanceof ApiError ? fieldName(err.field) : undefined;
      if (err instanceof ApiError && err.code === 'EMAIL_TAKEN') {
        setErrors({ email: messageFor(err) });
        formRef.current?.querySelector<HTMLInputElement>('[name="email"]')?.focus();
      } else if (err instanceof ApiError && f && fields.some((x) => x.name === f)) {
        setErrors({ [f]: messageFor(err) });
        formRef.current?.querySelector<HTMLInputElement>(`[name="${f}"]`)?.focus();
      } else {
        setGeneral(err instanceof ApiError ? messageFor(err) : messageOf(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="auth-form" ref={formRef} onSubmit={onSubmit} noValidate>
      {general && (
        <p class="notice notice--error" role="alert">
          {general}
        </p>
      )}
      {fields.map((f) => {
        const id = `auth-${f.name}`;
        const err = errors[f.name];
        const describedBy = [f.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ');
        const common = {
          id,
          name: f.name,
          autoComplete: f.autoComplete,
          required: true,
          minLength: f.minLength,
          maxLength: f.maxLength,
          value: values[f.name] ?? '',
          'aria-invalid': err ? ('true' as const) : undefined,
          'aria-describedby': describedBy || undefined,
          onInput: (e: TargetedEvent<HTMLInputElement>) => {
            const value = e.currentTarget.value;
            setValues((v) => ({ ...v, [f.name]: value }));
          },
        };
        return (
          <div class={`field${err ? ' field--invalid' : ''}`} key={f.name}>
            <label for={id}>{f.label}</label>
            {f.type === 'password' ? (
              <input type="password" {...common} />
            ) : f.type === 'email' ? (
              <input type="email" {...common} />
            ) : (
              <input type="text" {...common} />
            )}
            {f.hint && (
              <p id={`${id}-hint`} class="field__hint">
                {f.hint}
              </p>
            )}
            {err && (
              <p id={`${id}-error`} class="field__error">
                {err}
              </p>
            )}
          </div>
        );
      })}
      <button type="submit" class="btn btn--primary btn--block" disabled={busy}>
        {busy ? 'Please wait…' : submitLabel}
      </button>
      {children}
    </form>
  );
}
