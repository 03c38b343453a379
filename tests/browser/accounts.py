"""Signing in through the login page, as the browser tests' users do."""

from communities.tests.factories import PASSWORD


def log_in(page, live_server, username: str, *, wait: str = "networkidle") -> None:
    """Sign ``username`` in with the factories' password and wait for the page it lands on."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_load_state(wait)
