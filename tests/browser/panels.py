"""Opening a page's folded form panels, as the browser tests' users do."""


def open_panel(page, name):
    """Open a form's panel with its toggle button and wait until Bootstrap has finished opening it.

    Filling or sending a form while its panel is still sliding open races Bootstrap's transition,
    which a busy machine stretches; the panel counts as open once it carries ``show``.
    """
    page.locator(f'button[data-toggle-form="{name}"]').click()
    page.locator(f"#form-{name}.show").wait_for(state="visible")
    form = page.locator(f'form[data-form="{name}"]')
    form.wait_for(state="visible")
    return form
