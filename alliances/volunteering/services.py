"""Writes of in-service party members' volunteering: keyword-only, atomic, validated.

The reports of in-service members to the community they live in (双报到), the claims of service
posts (认领), the service records and their verification move only here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.loop.models import Activity
from communities.models import Community, PartyOrganization, Person
from jilin_grid import events
from jilin_grid.audit.services import audited_update
from jilin_grid.scope import CITY_ORG_DEPT, DISTRICT_ORG_DEPT, get_scope
from jilin_grid.services import UNCHANGED, Unchanged, model_update, save_validated

from .choices import OPEN_REPORT_STATUSES, MemberReportStatus
from .models import (
    InServiceMember,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)

# In-service party members: reports (双报到), posts, claims (认领) and service -------------------------


def _open_report(member: InServiceMember) -> MemberReport | None:
    return member.reports.filter(status__in=OPEN_REPORT_STATUSES).select_related("community").first()


def confirmed_report_in(member: InServiceMember, code: str) -> MemberReport | None:
    """The member's confirmed report to a community inside (or holding) the area ``code``, if any."""
    report = member.reports.filter(status=MemberReportStatus.CONFIRMED).select_related("community").first()
    if report is None:
        return None
    community = report.community.code
    return report if community.startswith(code) or code.startswith(community) else None


def _refuse_closed_organization(organization: PartyOrganization) -> None:
    if not organization.is_active:
        raise ValidationError({"organization": _("The party organization is retired.")})


# Who may move a member between communities by their decision, when the old community has not
# let the member go (ended or declined their last report): an organization department whose grant
# covers both communities.
MOVE_ROLES = frozenset({CITY_ORG_DEPT, DISTRICT_ORG_DEPT})


def _open_report_elsewhere_message() -> str:
    return _(
        "This phone number belongs to a member with an open report in another community; "
        "ask that community to end the report before reporting here."
    )


def _registered_elsewhere_message() -> str:
    return _(
        "This phone number belongs to a member registered in another community; ask that community to "
        "end the report, or the district organization department to move the member, before reporting here."
    )


def _released(member: InServiceMember | None) -> bool:
    """Whether the member's community let them go: their last report was ended or declined there."""
    if member is None:
        return False
    last = member.reports.order_by("-reported_on", "-id").values_list("status", flat=True).first()
    return last in (MemberReportStatus.ENDED, MemberReportStatus.DECLINED)


def may_move_member(actor, *, from_code: str, to_code: str) -> bool:
    """Whether ``actor`` may decide to move a member from one community to another: a city or
    district organization department (or an administrator) whose grants cover both."""
    if actor is None:
        return False
    scope = get_scope(actor)
    if scope.is_superuser:
        return True
    return any(
        role in MOVE_ROLES and from_code.startswith(code) and to_code.startswith(code) for code, role in scope.grants
    )


@transaction.atomic
def member_report_submit(
    *,
    community: Community,
    organization: PartyOrganization,
    unit_name: str,
    name: str = "",
    phone: str = "",
    gender: str = "",
    person: Person | None = None,
    skills: str = "",
    availability: str = "",
    reported_on: date | None = None,
    actor=None,
) -> MemberReport:
    """An in-service member reports to the community they live in (双报到).

    The member is found by their person, or by their phone number anywhere in the city, or is
    added. A member with an open report elsewhere must have it ended first. A member of another
    community moves here only when that community let them go (ended or declined their last
    report), or by the decision of ``actor``, a city or district organization department whose
    grants cover both communities: a phone number alone never moves anyone, and the refusal
    names neither the member nor where they are. The report awaits the community's confirmation.
    """
    if not community.is_active:
        raise ValidationError({"community": _("The community is retired.")})
    _refuse_closed_organization(organization)
    if person is None:
        if not phone.strip():
            raise ValidationError({"phone": _("Give the member's phone number.")})
        member = InServiceMember.objects.select_related("person").filter(person__phone=phone.strip()).first()
        person = member.person if member else None
    else:
        member = InServiceMember.objects.filter(person=person).first()
    if member is not None:
        report = _open_report(member)
        if report is not None and report.community_id == community.pk:
            raise ValidationError(
                _("%(name)s has already reported to %(community)s; end that report before reporting elsewhere.")
                % {"name": member.person.name, "community": report.community.name}
            )
        if report is not None:
            # Another community's member: the refusal names neither them nor it (a phone number
            # alone must not tell who someone is or where they live).
            raise ValidationError(_open_report_elsewhere_message())
    home = member.area_code if member is not None else (person.area_code if person is not None else "")
    moving = bool(home) and not home.startswith(community.code)
    if moving and not _released(member) and not may_move_member(actor, from_code=home, to_code=community.code):
        raise ValidationError(_registered_elsewhere_message())
    if person is None:
        if not name.strip():
            raise ValidationError({"name": _("Give the member's name.")})
        person = save_validated(
            Person(), {"name": name.strip(), "phone": phone.strip(), "gender": gender, "area_code": community.code}
        )
    person.is_party_member = True
    person.area_code = community.code
    person.save(update_fields=["is_party_member", "area_code", "updated_at"])
    member = save_validated(
        member or InServiceMember(person=person),
        {
            "organization": organization,
            "unit_name": unit_name.strip() or organization.host_unit_name or organization.name,
            "skills": skills,
            "availability": availability,
            "area_code": community.code,
        },
    )
    report = save_validated(
        MemberReport(member=member),
        {
            "community": community,
            "reported_on": reported_on or timezone.localdate(),
            "status": MemberReportStatus.REPORTED,
        },
    )
    # The community's staff learn that a report awaits their confirmation (after commit).
    events.publish(events.MEMBER_REPORT_SUBMITTED, member_report_id=report.pk)
    return report


@transaction.atomic
def member_report_confirm(*, report: MemberReport, actor=None, confirmed_on: date | None = None) -> MemberReport:
    """The community confirms a member's report: from now on the member may claim its posts."""
    if report.status != MemberReportStatus.REPORTED:
        raise ValidationError(_("Only a report awaiting confirmation can be confirmed."))
    return save_validated(
        report,
        {
            "status": MemberReportStatus.CONFIRMED,
            "confirmed_on": confirmed_on or timezone.localdate(),
            "confirmed_by": actor,
        },
    )


@transaction.atomic
def member_report_decline(*, report: MemberReport, reason: str, ended_on: date | None = None) -> MemberReport:
    """The community declines a report (the member does not live here, say), with the reason."""
    if report.status != MemberReportStatus.REPORTED:
        raise ValidationError(_("Only a report awaiting confirmation can be declined."))
    if not reason.strip():
        raise ValidationError({"end_reason": _("Say why the report is declined.")})
    return save_validated(
        report,
        {
            "status": MemberReportStatus.DECLINED,
            "ended_on": ended_on or timezone.localdate(),
            "end_reason": reason.strip(),
        },
    )


@transaction.atomic
def member_report_end(*, report: MemberReport, reason: str = "", ended_on: date | None = None) -> MemberReport:
    """End an open report (the member moved or left): the places they held are freed; their
    service stays counted where it was given."""
    if not report.is_open:
        raise ValidationError(_("The report has already ended."))
    ended_on = ended_on or timezone.localdate()
    if ended_on < report.reported_on:
        raise ValidationError({"ended_on": _("The end must not come before the report.")})
    for claim in report.claims.filter(withdrawn_on__isnull=True).select_related("post"):
        _withdraw(claim, max(ended_on, claim.claimed_on))
    return save_validated(
        report, {"status": MemberReportStatus.ENDED, "ended_on": ended_on, "end_reason": reason.strip()}
    )


@transaction.atomic
def member_update(
    *,
    member: InServiceMember,
    name: str | Unchanged = UNCHANGED,
    phone: str | Unchanged = UNCHANGED,
    gender: str | Unchanged = UNCHANGED,
    organization: PartyOrganization | Unchanged = UNCHANGED,
    unit_name: str | Unchanged = UNCHANGED,
    skills: str | Unchanged = UNCHANGED,
    availability: str | Unchanged = UNCHANGED,
) -> InServiceMember:
    """Change a member's name, phone or gender (on the person), work unit, organization, skills or
    availability. The community they report to moves only through their reports."""
    if organization is not UNCHANGED:
        _refuse_closed_organization(organization)
    if any(value is not UNCHANGED for value in (name, phone, gender)):
        model_update(member.person, name=name, phone=phone, gender=gender)
    return model_update(
        member, organization=organization, unit_name=unit_name, skills=skills, availability=availability
    )


@transaction.atomic
def service_post_publish(
    *,
    community: Community,
    kind: ServiceKind,
    title: str,
    place: str,
    schedule: str,
    places: int,
    description: str = "",
    published_on: date | None = None,
) -> ServicePost:
    """A community publishes a service post (服务岗位) with its kind, place, schedule and places
    (published today unless said otherwise); no place is taken yet."""
    if not community.is_active:
        raise ValidationError({"community": _("The community is retired.")})
    return save_validated(
        ServicePost(community=community),
        {
            "kind": kind,
            "title": title,
            "description": description,
            "place": place,
            "schedule": schedule,
            "places": places,
            "published_on": published_on or timezone.localdate(),
        },
    )


@transaction.atomic
def service_post_update(
    *,
    post: ServicePost,
    kind: ServiceKind | Unchanged = UNCHANGED,
    title: str | Unchanged = UNCHANGED,
    description: str | Unchanged = UNCHANGED,
    place: str | Unchanged = UNCHANGED,
    schedule: str | Unchanged = UNCHANGED,
    places: int | Unchanged = UNCHANGED,
    published_on: date | Unchanged = UNCHANGED,
) -> ServicePost:
    """Change a service post, never below the places already taken. It stays in its community; the
    places taken move only through claims."""
    post = ServicePost.objects.select_for_update().get(pk=post.pk)
    if places is not UNCHANGED and places < post.claimed:
        raise ValidationError(
            {"places": _("%(n)s places are already taken; the post needs at least that many.") % {"n": post.claimed}}
        )
    return model_update(
        post,
        kind=kind,
        title=title,
        description=description,
        place=place,
        schedule=schedule,
        places=places,
        published_on=published_on,
    )


@transaction.atomic
def service_post_close(*, post: ServicePost, closed_on: date | None = None) -> ServicePost:
    """Close a post to new claims; the members holding it keep their places and their service."""
    if not post.is_open:
        raise ValidationError(_("The post is already closed."))
    return save_validated(post, {"closed_on": closed_on or timezone.localdate()})


@transaction.atomic
def post_claim(*, post: ServicePost, member: InServiceMember, claimed_on: date | None = None) -> PostClaim:
    """A reported member claims a place of a post (认领).

    The place is taken by one conditional UPDATE (``claimed < places``), so two members racing
    for the last place cannot both get it: the database keeps the count honest.
    """
    report = confirmed_report_in(member, post.community.code)
    if report is None or report.community_id != post.community_id:
        raise ValidationError(
            _("%(name)s has not reported to %(community)s (or the report is not yet confirmed).")
            % {"name": member.person.name, "community": post.community.name}
        )
    if PostClaim.objects.filter(post=post, member=member, withdrawn_on__isnull=True).exists():
        raise ValidationError(_("%(name)s already holds a place on this post.") % {"name": member.person.name})
    taken = audited_update(
        ServicePost.objects.filter(pk=post.pk, closed_on__isnull=True, claimed__lt=F("places")),
        claimed=F("claimed") + 1,
        updated_at=timezone.now(),
    )
    if not taken:
        post.refresh_from_db()
        if not post.is_open:
            raise ValidationError(_("The post is closed."))
        raise ValidationError(_("The post is full: all %(n)s places are taken.") % {"n": post.places})
    try:
        with transaction.atomic():
            claim = save_validated(
                PostClaim(post=post, member=member, report=report), {"claimed_on": claimed_on or timezone.localdate()}
            )
    except IntegrityError as error:  # the same member claiming twice at once
        raise ValidationError(
            _("%(name)s already holds a place on this post.") % {"name": member.person.name}
        ) from error
    post.refresh_from_db(fields=["claimed"])
    return claim


def _withdraw(claim: PostClaim, withdrawn_on: date) -> PostClaim:
    claim.withdrawn_on = withdrawn_on
    claim.save(update_fields=["withdrawn_on", "updated_at"])
    audited_update(
        ServicePost.objects.filter(pk=claim.post_id, claimed__gt=0), claimed=F("claimed") - 1, updated_at=timezone.now()
    )
    return claim


@transaction.atomic
def post_claim_withdraw(*, claim: PostClaim, withdrawn_on: date | None = None) -> PostClaim:
    """The member gives up the place; it is free for another member."""
    if not claim.is_active:
        raise ValidationError(_("The claim has already been withdrawn."))
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on < claim.claimed_on:
        raise ValidationError({"withdrawn_on": _("The withdrawal must not come before the claim.")})
    return _withdraw(claim, withdrawn_on)


MAX_HOURS = Decimal(24)


def _check_service_date(report: MemberReport, served_on: date) -> None:
    if served_on > timezone.localdate():
        raise ValidationError({"served_on": _("Service cannot be logged for a future day.")})
    if served_on < report.reported_on or (report.ended_on and served_on > report.ended_on):
        raise ValidationError({"served_on": _("The day must fall within the member's report to the community.")})


@transaction.atomic
def service_record_log(
    *,
    member: InServiceMember,
    served_on: date,
    hours: Decimal,
    post: ServicePost | None = None,
    activity: Activity | None = None,
    kind: ServiceKind | None = None,
    person_times: int = 1,
    note: str = "",
    actor=None,
) -> ServiceRecord:
    """Log a member's service on a post they hold, or at an alliance activity in their community.

    It counts in the statistics once verified by community staff.
    """
    if (post is None) == (activity is None):
        raise ValidationError(_("Service is given either on a post or at an activity."))
    code = post.community.code if post is not None else activity.area_code
    report = confirmed_report_in(member, code)
    if report is None or (post is not None and report.community_id != post.community_id):
        raise ValidationError(
            _("%(name)s has not reported to a community here (or the report is not yet confirmed).")
            % {"name": member.person.name}
        )
    if post is not None:
        held = PostClaim.objects.filter(post=post, member=member, claimed_on__lte=served_on).exclude(
            withdrawn_on__lt=served_on
        )
        if not held.exists():
            raise ValidationError({"post": _("The member did not hold a place on this post that day.")})
        kind = post.kind
    if kind is None:
        raise ValidationError({"kind": _("Choose the kind of service.")})
    _check_service_date(report, served_on)
    # The model's conditional unique constraints would refuse a duplicate in full_clean() with
    # Django's generic "constraint violated"; say it plainly (a race still ends in the IntegrityError).
    same = {"post": post, "served_on": served_on} if post is not None else {"activity": activity}
    if ServiceRecord.objects.filter(member=member, **same).exists():
        raise ValidationError(_("This service is already logged."))
    try:
        with transaction.atomic():
            record = save_validated(
                ServiceRecord(member=member, report=report, post=post, activity=activity, recorded_by=actor),
                {
                    "kind": kind,
                    "served_on": served_on,
                    "hours": hours,
                    "person_times": person_times,
                    "note": note,
                },
            )
    except IntegrityError as error:
        raise ValidationError(_("This service is already logged.")) from error
    # The community's staff learn that it awaits their verification (after commit).
    events.publish(events.SERVICE_RECORD_LOGGED, service_record_id=record.pk)
    return record


@transaction.atomic
def activity_attendance_record(
    *,
    activity: Activity,
    members,
    hours: Decimal,
    kind: ServiceKind,
    served_on: date | None = None,
    actor=None,
) -> list[ServiceRecord]:
    """Log the service of everyone on an activity's attendance list; nothing is written when one
    member cannot be logged (the message names them)."""
    members = list(members)
    if not members:
        raise ValidationError({"members": _("Choose the members who attended.")})
    served_on = served_on or activity.held_on
    records = []
    for member in members:
        try:
            records.append(
                service_record_log(
                    member=member, activity=activity, kind=kind, served_on=served_on, hours=hours, actor=actor
                )
            )
        except ValidationError as error:
            raise ValidationError(
                _("%(name)s: %(reason)s") % {"name": member.person.name, "reason": " ".join(error.messages)}
            ) from error
    return records


@transaction.atomic
def service_record_verify(*, record: ServiceRecord, actor) -> ServiceRecord:
    """Community staff verify a service record; from then on it counts."""
    updated = audited_update(
        ServiceRecord.objects.filter(pk=record.pk, verified_at__isnull=True),
        verified_at=timezone.now(),
        verified_by=actor,
        updated_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("This service is already verified."))
    record.refresh_from_db()
    return record


@transaction.atomic
def activity_service_verify(*, activity: Activity, actor, records=None) -> int:
    """Verify an activity's attendance list at once (all its unverified records, or those given).

    Returns how many were verified; refuses when none was waiting.
    """
    pending = ServiceRecord.objects.filter(activity=activity, verified_at__isnull=True)
    if records is not None:
        pending = pending.filter(pk__in=[record.pk for record in records])
    now = timezone.now()
    count = audited_update(pending, verified_at=now, verified_by=actor, updated_at=now)
    if not count:
        raise ValidationError(_("No service of this activity is waiting to be verified."))
    return count
