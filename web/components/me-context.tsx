import { createContext, useContext, type ReactNode } from 'react';
import type { Me, Permission } from '../api/types.js';

const MeContext = createContext<Me | undefined>(undefined);

/** Provided by the app layout once `/api/v1/me` has answered, so pages read it without loading states. */
export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() is only available inside the signed-in app layout');
  return me;
}

/** Whether the member may do something; the server checks again, this only hides what would fail. */
export function useCan(): (permission: Permission) => boolean {
  const me = useMe();
  return (permission) => me.permissions.includes(permission);
}
