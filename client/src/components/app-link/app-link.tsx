import type { ComponentChildren, PartialAnchorHTMLAttributes, TargetedMouseEvent } from 'preact';
import { navigate } from '../../lib/router';

type AnchorProps = Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, 'role'>;

export interface AppLinkProps extends Omit<AnchorProps, 'href'> {
  href: string;
  replace?: boolean;
  children?: ComponentChildren;
}

/** An ordinary link that navigates in the app (modified clicks still open new tabs). */
export function AppLink({ href, replace, onClick, children, ...rest }: AppLinkProps) {
  const handle = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (typeof onClick === 'function') onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(href, replace ? { replace } : {});
  };
  return (
    <a href={href} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
