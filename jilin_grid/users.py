"""How the portal names a user to people: their name, never only the login name when a name is known."""


def display_name(user) -> str:
    """The user's full name, or their login name when they have none ("" for no user)."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


def accountable_name(user) -> str:
    """The name and the login name together, as the audit trail keeps them: 张建国（gridworker）."""
    if user is None:
        return ""
    full_name, username = user.get_full_name().strip(), user.get_username()
    return f"{full_name}（{username}）" if full_name and full_name != username else username
