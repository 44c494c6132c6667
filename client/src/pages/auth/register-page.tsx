import { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, PERSON_NAME_MAX } from '@glamify/shared';
import { AppLink } from '../../components/app-link/app-link';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { location } from '../../lib/router';
import { AuthForm } from './auth-form';
import { PendingChoice } from './pending-choice';

export function RegisterPage() {
  const next = new URLSearchParams(useStore(location).search).get('next');
  const qs = next ? `?next=${encodeURIComponent(next)}` : '';
  return (
    <div class="page page--narrow">
      <h1 tabIndex={-1}>Create an account</h1>
      <PendingChoice next={next} />
      <AuthForm
        next={next}
        submitLabel="Create account"
        fields={[
          { name: 'name', label: 'Your name', type: 'text', autoComplete: 'name', maxLength: PERSON_NAME_MAX },
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'email', maxLength: EMAIL_MAX },
          {
            name: 'password',
            label: 'Password',
            type: 'password',
            autoComplete: 'new-password',
            hint: `At least ${PASSWORD_MIN} characters.`,
            minLength: PASSWORD_MIN,
            maxLength: PASSWORD_MAX,
          },
        ]}
        submit={(v) =>
          api.register({ name: (v.name ?? '').trim(), email: (v.email ?? '').trim(), password: v.password ?? '' })
        }
      >
        <p class="auth-switch">
          Already have an account? <AppLink href={`/login${qs}`}>Sign in</AppLink>
        </p>
      </AuthForm>
    </div>
  );
}
