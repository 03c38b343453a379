"""The demo city's people and accounts: fictitious people with names and numbers from the reserved
phone series, the demo accounts with their grants, and what the builders of the other apps ask of
them (the scale the city was built at, the accounts that act in an area).
"""

from __future__ import annotations

import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from jilin_grid.areas import area_children, area_get
from jilin_grid.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAME_CUM_WEIGHTS, SURNAMES, DemoRun
from jilin_grid.scope import Role
from jilin_grid.security import DEMO_GROUP

from .choices import Gender
from .models import ApiToken, AreaGrant, Community, Person, Street
from .services import api_token_create, api_token_revoke, area_grant_create, user_create_with_grant

DEMO_TOKEN_LABEL = "Demo"  # noqa: S105 (a label, not a secret)
PHONE_SERIES = "1990"  # 199 0000 0000, 199 0000 0001, ... (seven digits follow)


class People:
    """Fictitious people: deterministic names and phone numbers from the reserved series."""

    def __init__(self, rng: random.Random, start: int = 0):
        self.rng = rng
        self.next_number = start

    def phone(self) -> str:
        number = self.next_number
        self.next_number += 1
        if number >= 10_000_000:
            raise ValueError("the demo phone series is exhausted")
        return f"{PHONE_SERIES}{number:07d}"

    def new(self, area_code: str, *, party_share: float = 0.4, female_share: float = 0.5) -> Person:
        rng = self.rng
        female = rng.random() < female_share
        pool = GIVEN_FEMALE if female else GIVEN_MALE
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.75 else "")
        surname = rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0]
        return Person(
            name=surname + given,
            gender=Gender.FEMALE if female else Gender.MALE,
            phone=self.phone(),
            is_party_member=rng.random() < party_share,
            area_code=area_code,
        )


# Accounts.


# The people behind the demo accounts, as timelines and the menu bar show them (never the login name).
DEMO_DISPLAY_NAMES = {
    "city": "王立新",
    "fengman": "李红梅",
    "jiangnan": "赵志强",
    "nanshan": "刘晓燕",
    "gridworker": "张建国",
    "api": "统计数据接口",
    "admin": "系统管理员",
}


def demo_account_specs() -> list[tuple[str, str, str]]:
    """(username, role, area code) of the demo accounts, read from the demo city's rows."""
    city = settings.CITY_CODE
    fengman = "220211"
    jiangnan = Street.objects.filter(code__startswith=fengman, name="江南街道").values_list("code", flat=True).first()
    nanshan = (
        Community.objects.filter(code__startswith=jiangnan or fengman, name="南山社区")
        .values_list("code", flat=True)
        .first()
    )
    nanshan_area = area_get(nanshan) if nanshan else None
    grids = area_children(nanshan_area) if nanshan_area else []
    grid = grids[0][0] if grids else None
    return [
        ("city", Role.CITY_ORG_DEPT, city),
        ("fengman", Role.DISTRICT_ORG_DEPT, fengman),
        ("jiangnan", Role.STREET_STAFF, jiangnan),
        ("nanshan", Role.COMMUNITY_STAFF, nanshan),
        ("gridworker", Role.GRID_WORKER, grid),
        ("api", Role.API_READER, city),
    ]


@transaction.atomic
def ensure_demo_accounts(password: str) -> tuple[list[dict], str]:
    """Create the demo accounts, or reset their passwords; answers the account rows and the API token."""
    User = get_user_model()
    # One hash for every account: they share the published password, and a hash costs a quarter of
    # a second by design (PBKDF2), seven of them most of what the accounts take to make.
    hashed = make_password(password)
    rows = []
    for username, role, code in demo_account_specs():
        if not code:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create_with_grant(
                username=username,
                password=None,
                area_code=code,
                role=role,
                first_name=DEMO_DISPLAY_NAMES[username],
            )
            user.password = hashed
            user.save(update_fields=["password"])
        else:
            user.password = hashed
            user.is_active = True
            user.first_name = user.first_name or DEMO_DISPLAY_NAMES[username]
            user.save(update_fields=["password", "is_active", "first_name"])
            if not AreaGrant.objects.filter(user=user, area_code=code).exists():
                area_grant_create(user=user, area_code=code, role=role)
        area = area_get(code)
        rows.append({"username": username, "role": role, "area_code": code, "area_name": area.name if area else code})
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            username="admin", email="", password=None, first_name=DEMO_DISPLAY_NAMES["admin"]
        )
        admin.password = hashed
        admin.save(update_fields=["password"])
    else:
        admin.password = hashed
        admin.is_active = admin.is_staff = admin.is_superuser = True
        admin.first_name = admin.first_name or DEMO_DISPLAY_NAMES["admin"]
        admin.save(update_fields=["password", "is_active", "is_staff", "is_superuser", "first_name"])
    city = {"area_code": settings.CITY_CODE, "area_name": settings.CITY_NAME}
    rows.append({"username": "admin", "role": "superuser", **city})
    demo_group, _created = Group.objects.get_or_create(name=DEMO_GROUP)
    demo_group.user_set.add(*User.objects.filter(username__in=[row["username"] for row in rows]))
    token = ""
    api_user = User.objects.filter(username="api").first()
    if api_user is not None:
        # Like the passwords, the token is new on every run (only its hash is kept): the old one is revoked.
        for old in ApiToken.objects.live().filter(user=api_user, label=DEMO_TOKEN_LABEL):
            api_token_revoke(token=old)
        token = api_token_create(user=api_user, label=DEMO_TOKEN_LABEL)[1]
    return rows, token


def check_phone_block(start: int) -> None:
    """Refuse to hand out numbers of the demo series that people already have (a city built very large)."""
    first, last = f"{PHONE_SERIES}{start:07d}", f"{PHONE_SERIES}{start + 999_999:07d}"
    if Person.objects.filter(phone__gte=first, phone__lte=last).exists():
        raise ValueError(f"the demo phone numbers from {first} are already taken")


def demo_scale() -> int:
    """The scale the demo city was built at, read from its communities (287 at scale 1)."""
    communities = Community.objects.filter(code__startswith=settings.CITY_CODE).count()
    return max(1, round(communities / 287))


def demo_actors(*usernames: str) -> dict[str, object]:
    """The demo accounts named by the area code they hold: they act where their area is concerned."""
    users = get_user_model().objects.filter(username__in=usernames)
    return {grant.area_code: user for user in users.prefetch_related("area_grants") for grant in user.area_grants.all()}


def build_demo_accounts(run: DemoRun) -> list:
    """The demo builder of the accounts: create them, or reset their passwords (every run)."""
    accounts, token = ensure_demo_accounts(run.password)
    run.summary.update(accounts=accounts, api_token=token)
    return []


# Reviewers of the report-and-review: people of the organization departments.


def ensure_department_reviewers(area_codes: list[str], per_area: int, rng: random.Random) -> dict[str, list]:
    """``per_area`` people of the organization department of each area (the city's or a district's)
    who review its secretaries' reports, by area code; the demo account of that department (``city``,
    ``fengman``) among them. They hold the department's grant and cannot sign in (no password): only
    the demo accounts do. Written in bulk, once; a second call finds them."""
    User = get_user_model()
    accounts = demo_actors("city", "fengman")
    wanted = {f"reviewer-{code}-{n}": code for code in area_codes for n in range(1, per_area + 1)}
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    new_users = []
    for username in wanted:
        if username in existing:
            continue
        female = rng.random() < 0.5
        pool = GIVEN_FEMALE if female else GIVEN_MALE
        user = User(
            username=username,
            first_name=rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0] + rng.choice(pool) + rng.choice(pool),
        )
        user.set_unusable_password()
        new_users.append(user)
    User.objects.bulk_create(new_users)
    created = {user.username: user for user in User.objects.filter(username__in=[u.username for u in new_users])}
    AreaGrant.objects.bulk_create(
        AreaGrant(
            user=user,
            area_code=wanted[username],
            role=Role.CITY_ORG_DEPT if len(wanted[username]) == 4 else Role.DISTRICT_ORG_DEPT,
        )
        for username, user in created.items()
    )
    by_area: dict[str, list] = {code: [] for code in area_codes}
    for user in User.objects.filter(username__in=wanted).order_by("username"):
        by_area[wanted[user.username]].append(user)
    for code, account in accounts.items():
        if code in by_area:
            by_area[code] = [account, *by_area[code][: per_area - 1]]
    return by_area
