import { AppLink } from '../../components/app-link/app-link';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { location } from '../../lib/router';
import { AuthForm } from './auth-form';
import { PendingChoice } from './pending-choice';

export function LoginPage() {
  const next = new URLSearchParams(useStore(location).search).get('next');
  const qs = next ? `?next=${encodeURIComponent(next)}` : '';
  return (
    <div class="page page--narrow">
      <h1 tabIndex={-1}>Sign in</h1>
      <PendingChoice next={next} />
      <AuthForm
        next={next}
        submitLabel="Sign in"
        fields={[
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'email' },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
        ]}
        submit={(v) => api.login({ email: v.email ?? '', password: v.password ?? '' })}
      >
        <p class="auth-switch">
          New to Glamify? <AppLink href={`/register${qs}`}>Create an account</AppLink>
        </p>
      </AuthForm>
    </div>
  );
}
