# placeholder (being written)
