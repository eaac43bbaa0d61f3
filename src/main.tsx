import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { startTrialFeed } from './services/trialFeed';
import './ui/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
startTrialFeed();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
