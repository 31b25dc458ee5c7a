"""Admission to interim attestation: the course's rule, the list (JSON and CSV for the
registrar) and staff waivers with a reason."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from catalog.api import assessment_presenters as out
from catalog.api.deps import Id, SessionDep, SettingsDep, Staff
from catalog.models.base import utcnow
from catalog.schemas.assessment import (
    AdmissionOut,
    AdmissionRuleIn,
    AdmissionRuleOut,
    WaiverIn,
    WaiverOut,
)
from catalog.services import admission, courses
from catalog.services.permissions import ensure_course_editor

router = APIRouter(prefix="/courses/{course_id}", tags=["admission"])

CSV = {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "Admission list"}


@router.get("/admission-rule", response_model=AdmissionRuleOut)
def get_rule(course_id: Id, session: SessionDep, actor: Staff) -> AdmissionRuleOut:
    ensure_course_editor(actor, courses.get_course(session, course_id))
    rule, mastery = admission.rule_of(session, course_id)
    return AdmissionRuleOut(course_id=course_id, rule=rule, mastery_score=mastery)


@router.put("/admission-rule", response_model=AdmissionRuleOut)
def put_rule(
    course_id: Id, data: AdmissionRuleIn, session: SessionDep, actor: Staff
) -> AdmissionRuleOut:
    """Replace the rule (AND/OR tree over module requirements) and the mastery score."""
    row = admission.set_rule(session, actor, course_id, data.rule, data.mastery_score)
    return AdmissionRuleOut(course_id=course_id, rule=data.rule, mastery_score=row.mastery_score)


@router.get("/admission", response_model=list[AdmissionOut])
def admission_list(
    course_id: Id, session: SessionDep, settings: SettingsDep, actor: Staff
) -> list[AdmissionOut]:
    rows = admission.admission_list(session, actor, course_id, utcnow())
    rule, _ = admission.rule_of(session, course_id)
    zone = settings.station_timezone
    return [out.admission_out(course_id, r.user.id, rule, r.decision, zone) for r in rows]


@router.get("/admission.csv", response_class=Response, responses={200: CSV})
def admission_csv(course_id: Id, session: SessionDep, actor: Staff) -> Response:
    """The admission list for the registrar (UTF-8 with BOM)."""
    course = courses.get_course(session, course_id)
    text = admission.to_csv(admission.admission_list(session, actor, course_id, utcnow()))
    return Response(
        text.encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="admission-{course.id}.csv"'},
    )


@router.post("/waivers", response_model=WaiverOut, status_code=status.HTTP_201_CREATED)
def waive(
    course_id: Id, data: WaiverIn, session: SessionDep, settings: SettingsDep, actor: Staff
) -> WaiverOut:
    """Exempt a student from a module's test, or (no module) from the whole rule; the reason is
    mandatory, audited and written to the footprint."""
    row = admission.waive(
        session,
        actor,
        course_id,
        data.user_id,
        data.module_id,
        data.reason,
        settings.public_base_url,
        utcnow(),
    )
    return WaiverOut.model_validate(row, from_attributes=True)


@router.get("/waivers", response_model=list[WaiverOut])
def list_waivers(course_id: Id, session: SessionDep, actor: Staff) -> list[WaiverOut]:
    ensure_course_editor(actor, courses.get_course(session, course_id))
    return [
        WaiverOut.model_validate(w, from_attributes=True)
        for w in admission.course_waivers(session, course_id)
    ]
