import { mount } from 'svelte';
import Root from './Root.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('WXM Vault: #app element missing from index.html');

export default mount(Root, { target });
