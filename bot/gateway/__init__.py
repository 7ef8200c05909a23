"""The only public door: chat API, websocket, webhooks, ledger API, agent console."""
