from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_attachments")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="claimed_by",
            field=models.CharField(
                blank=True, default="", max_length=64, verbose_name="đang được gửi bởi"
            ),
        ),
    ]
