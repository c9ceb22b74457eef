import { ensureBuild } from './app';

// One production build for the whole fault suite (reused from the e2e suite when current).
export default function setup(): void {
  ensureBuild();
}
