# The queue pages on a million dossiers (issue 17): the badges (overdue, due soon) read the
# legal deadline and the pause from the index of open dossiers, and a leader's refusals to
# decide are found in an index of their own.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_sealed_forms"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="dossier",
            name="dossier_current_step_open",
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("current_step__isnull", False)),
                fields=["current_step"],
                include=("id", "status", "due_at", "submitted_at", "legal_due_at", "paused_at"),
                name="dossier_current_step_open",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("refusal_proposed_at__isnull", False)),
                fields=["competent_agency", "status"],
                name="dossier_refusal_proposed",
            ),
        ),
    ]
