import { mount } from 'svelte';
import App from './App.svelte';
import { backendContext } from './lib/backendContext';
import { tauriBackend } from './lib/platform';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, context: backendContext(tauriBackend) });
