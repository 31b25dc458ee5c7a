"""assessment: tests, attempts, enrolment, admission, footprint

New tables only (issue 6); nothing of 0001 changes, so the downgrade drops exactly these.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 18:10:07.898063
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import catalog.models.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lrs_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("auth_header", sa.String(length=1024), nullable=False),
        sa.Column("forwarded_up_to", sa.Integer(), nullable=False),
        sa.Column("updated_at", catalog.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lrs_endpoints")),
    )
    op.create_table(
        "lrs_sync_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", catalog.models.base.UTCDateTime(), nullable=False),
        sa.Column("try_number", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lrs_sync_log")),
    )
    with op.batch_alter_table("lrs_sync_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lrs_sync_log_at"), ["at"], unique=False)

    op.create_table(
        "learner_ids",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_learner_ids_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_learner_ids")),
        sa.UniqueConstraint("pseudonym", name=op.f("uq_learner_ids_pseudonym")),
    )
    op.create_table(
        "admission_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("mastery_score", sa.Double(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", catalog.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_admission_rules_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_admission_rules_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admission_rules")),
        sa.UniqueConstraint("course_id", name=op.f("uq_admission_rules_course_id")),
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("student_number", sa.String(length=64), nullable=False),
        sa.Column("registration", sa.String(length=36), nullable=False),
        sa.Column("created_at", catalog.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_enrolments_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_enrolments_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
        sa.UniqueConstraint("course_id", "user_id", name=op.f("uq_enrolments_course_id_user_id")),
        sa.UniqueConstraint("registration", name=op.f("uq_enrolments_registration")),
    )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolments_user_id"), ["user_id"], unique=False)

    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("module_id", sa.Integer(), nullable=True),
        sa.Column("verb", sa.String(length=32), nullable=False),
        sa.Column("timestamp", catalog.models.base.UTCDateTime(), nullable=False),
        sa.Column("stored", catalog.models.base.UTCDateTime(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_statements_course_id_courses"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["modules.id"],
            name=op.f("fk_statements_module_id_modules"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_statements_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint("statement_id", name=op.f("uq_statements_statement_id")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index("ix_statements_course", ["course_id", "id"], unique=False)
        batch_op.create_index("ix_statements_user", ["user_id", "id"], unique=False)

    op.create_table(
        "waivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", catalog.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_waivers_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["granted_by"],
            ["users.id"],
            name=op.f("fk_waivers_granted_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["modules.id"],
            name=op.f("fk_waivers_module_id_modules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_waivers_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waivers")),
    )
    with op.batch_alter_table("waivers", schema=None) as batch_op:
        batch_op.create_index("ix_waivers_course_user", ["course_id", "user_id"], unique=False)

    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum("builtin", "import", name="attemptsource", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum("in_progress", "submitted", name="attemptstatus", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("via_slot_id", sa.Integer(), nullable=True),
        sa.Column("layout", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("max_score", sa.Double(), nullable=True),
        sa.Column("scaled", sa.Double(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("started_at", catalog.models.base.UTCDateTime(), nullable=False),
        sa.Column("saved_at", catalog.models.base.UTCDateTime(), nullable=False),
        sa.Column("submitted_at", catalog.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["test_id"],
            ["followup_tests.id"],
            name=op.f("fk_attempts_test_id_followup_tests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_attempts_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["via_slot_id"],
            ["schedule_slots.id"],
            name=op.f("fk_attempts_via_slot_id_schedule_slots"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
        sa.UniqueConstraint(
            "test_id", "user_id", "number", name=op.f("uq_attempts_test_id_user_id_number")
        ),
    )
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.create_index("ix_attempts_user_test", ["user_id", "test_id"], unique=False)

    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "single",
                "multiple",
                "numeric",
                "text",
                name="questionkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["test_id"],
            ["followup_tests.id"],
            name=op.f("fk_questions_test_id_followup_tests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index("ix_questions_test_position", ["test_id", "position"], unique=False)

    op.create_table(
        "quiz_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.Integer(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column(
            "availability",
            sa.Enum("after_airing", "on_demand", name="availability", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("opened_by_hand_at", catalog.models.base.UTCDateTime(), nullable=True),
        sa.Column("closes_at", catalog.models.base.UTCDateTime(), nullable=True),
        sa.Column("shuffle", sa.Boolean(), nullable=False),
        sa.Column("updated_at", catalog.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["test_id"],
            ["followup_tests.id"],
            name=op.f("fk_quiz_settings_test_id_followup_tests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_settings")),
        sa.UniqueConstraint("test_id", name=op.f("uq_quiz_settings_test_id")),
    )


def downgrade() -> None:
    op.drop_table("quiz_settings")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_test_position")

    op.drop_table("questions")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_user_test")

    op.drop_table("attempts")
    with op.batch_alter_table("waivers", schema=None) as batch_op:
        batch_op.drop_index("ix_waivers_course_user")

    op.drop_table("waivers")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_user")
        batch_op.drop_index("ix_statements_course")

    op.drop_table("statements")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolments_user_id"))

    op.drop_table("enrolments")
    op.drop_table("admission_rules")
    op.drop_table("learner_ids")
    with op.batch_alter_table("lrs_sync_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lrs_sync_log_at"))

    op.drop_table("lrs_sync_log")
    op.drop_table("lrs_endpoints")
