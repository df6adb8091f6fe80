"""What people see: Block Kit messages and modals, HTML pages, button values, the wording of Zoom's errors.
Pure: builds values, sends nothing."""
