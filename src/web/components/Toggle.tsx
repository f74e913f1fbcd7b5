// An on/off setting: a switch with its label (the track and thumb are drawn by styles.css).
import type { ReactNode } from 'react';
import { Switch } from 'react-aria-components';

export function Toggle({ isSelected, onChange, isDisabled, testId, children }: { isSelected: boolean; onChange: (v: boolean) => void; isDisabled?: boolean; testId?: string; children: ReactNode }) {
  return (
    <Switch className="switch" isSelected={isSelected} onChange={onChange} {...(isDisabled !== undefined ? { isDisabled } : {})} {...(testId ? { 'data-testid': testId } : {})}>
      <span className="track" aria-hidden="true">
        <span className="thumb" />
      </span>
      {children}
    </Switch>
  );
}
