/** Which screen the window shows and which run the run view follows; shared by every screen. */
export const navigation = $state<{ screen: string; run: string | null }>({
  screen: 'dashboard',
  run: null,
});

/** Opens the run view on run `id`. */
export function openRun(id: string) {
  navigation.run = id;
  navigation.screen = 'run';
}
