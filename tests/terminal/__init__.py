"""The installed command in a real terminal (tmux): typed at, killed, run twice at once."""
