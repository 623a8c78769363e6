"""Initial schema of lawdesk: a frozen copy of the models, never imported from them."""
from peewee import *


def up(migrator, db):
    class Attachment(Model):
        record_kind = CharField(max_length=30)
        record_id = IntegerField()
        category = CharField(max_length=30)
        original_name = CharField()
        stored_name = CharField()
        size = IntegerField(default=0)
        added_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'attachment'
            indexes = ((('record_kind', 'record_id'), False),)
    db.create_tables([Attachment])

    class AuditLog(Model):
        at = DateTimeField(index=True)
        user = CharField(max_length=50)
        action = CharField(max_length=20)
        record_kind = CharField(max_length=30)
        record_id = IntegerField(null=True)
        summary = CharField(max_length=300)
        old_values = TextField(null=True)
        new_values = TextField(null=True)
        class Meta:
            database = db
            table_name = 'audit_log'
    db.create_tables([AuditLog])

    class Community(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        name = CharField(max_length=50)
        police_officer = CharField(null=True, max_length=50)
        legal_adviser = CharField(null=True, max_length=50)
        mediators = IntegerField(null=True)
        established_on = DateField(index=True, null=True)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'community'
            indexes = ((('deleted_at', 'established_on'), False),)
    db.create_tables([Community])

    class Dispute(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        received_date = DateField(index=True)
        summary = CharField(max_length=200)
        dispute_type = CharField(max_length=60)
        source = CharField(null=True, max_length=60)
        parties_names = CharField(null=True, max_length=200)
        parties = IntegerField(null=True)
        mediator_org = CharField(null=True, max_length=60)
        mediator = CharField(null=True, max_length=50)
        method = CharField(null=True, max_length=60)
        status = CharField(max_length=60)
        closed_date = DateField(null=True)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'dispute'
            indexes = ((('deleted_at', 'received_date'), False),)
    db.create_tables([Dispute])

    class Honor(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        date = DateField(index=True)
        title = CharField(max_length=200)
        holder = CharField(max_length=100)
        level = CharField(max_length=60)
        awarded_by = CharField(null=True, max_length=100)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'honor'
            indexes = ((('deleted_at', 'date'), False),)
    db.create_tables([Honor])

    class HotlineCase(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        channel = CharField(max_length=60)
        ticket_no = CharField(null=True, max_length=40)
        received_date = DateField(index=True)
        due_date = DateField()
        summary = CharField(max_length=200)
        category = CharField(null=True, max_length=60)
        handler = CharField(null=True, max_length=50)
        closed_date = DateField(null=True)
        feedback = CharField(null=True, max_length=60)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'hotline_case'
            indexes = ((('deleted_at', 'received_date'), False),)
    db.create_tables([HotlineCase])

    class Lecturer(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        name = CharField(max_length=30)
        unit = CharField(max_length=60)
        title = CharField(null=True, max_length=50)
        phone = CharField(null=True, max_length=30)
        appointed_on = DateField(index=True)
        left_on = DateField(null=True)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'lecturer'
            indexes = ((('deleted_at', 'appointed_on'), False),)
    db.create_tables([Lecturer])

    class Lecture(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        date = DateField(index=True)
        topic = CharField(max_length=200)
        lecturer = ForeignKeyField(Lecturer, null=True, on_delete='SET NULL')
        venue_type = CharField(max_length=60)
        venue = CharField(null=True, max_length=100)
        audience_group = CharField(null=True, max_length=60)
        audience = IntegerField(null=True)
        special_day = CharField(null=True, max_length=60)
        laws = CharField(null=True, max_length=500)
        materials = IntegerField(null=True)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'lecture'
            indexes = ((('deleted_at', 'date'), False),)
    db.create_tables([Lecture])

    class LegalAdviserService(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        date = DateField(index=True)
        adviser = CharField(max_length=50)
        firm = CharField(null=True, max_length=100)
        kind = CharField(max_length=60)
        summary = CharField(max_length=200)
        people_served = IntegerField(null=True)
        letters = IntegerField(null=True)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'legal_adviser_service'
            indexes = ((('deleted_at', 'date'), False),)
    db.create_tables([LegalAdviserService])

    class LegalReview(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        received_date = DateField(index=True)
        title = CharField(max_length=200)
        category = CharField(max_length=60)
        submitting_dept = CharField(null=True, max_length=50)
        reviewer_type = CharField(null=True, max_length=60)
        reviewer = CharField(null=True, max_length=50)
        result = CharField(null=True, max_length=60)
        opinions_count = IntegerField(null=True)
        opinion_letter = BooleanField(default=False)
        completed_date = DateField(null=True)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'legal_review'
            indexes = ((('deleted_at', 'received_date'), False),)
    db.create_tables([LegalReview])

    class Meeting(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        date = DateField(index=True)
        kind = CharField(max_length=60)
        title = CharField(max_length=200)
        chair = CharField(null=True, max_length=50)
        on_rule_of_law = BooleanField(default=True)
        participants = IntegerField(null=True)
        location = CharField(null=True, max_length=100)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'meeting'
            indexes = ((('deleted_at', 'date'), False),)
    db.create_tables([Meeting])

    class Patrol(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        date = DateField(index=True)
        area = CharField(max_length=200)
        team = CharField(null=True, max_length=60)
        partner_units = CharField(null=True, max_length=500)
        persons = IntegerField(null=True)
        hazards_found = IntegerField(null=True)
        disputes_found = IntegerField(null=True)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'patrol'
            indexes = ((('deleted_at', 'date'), False),)
    db.create_tables([Patrol])

    class ReportNarrative(Model):
        year = IntegerField()
        section = CharField(max_length=50)
        text = TextField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'report_narrative'
            indexes = ((('year', 'section'), True),)
    db.create_tables([ReportNarrative])

    class Setting(Model):
        key = CharField(unique=True, max_length=100)
        value = TextField()
        class Meta:
            database = db
            table_name = 'setting'
    db.create_tables([Setting])

    class StudySession(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        date = DateField(index=True)
        form = CharField(max_length=60)
        topic = CharField(max_length=200)
        audience_level = CharField(null=True, max_length=60)
        speaker = CharField(null=True, max_length=50)
        participants = IntegerField(null=True)
        hours = DecimalField(null=True, decimal_places=2)
        laws_studied = CharField(null=True, max_length=500)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'study_session'
            indexes = ((('deleted_at', 'date'), False),)
    db.create_tables([StudySession])

    class SupervisionVisit(Model):
        created_at = DateTimeField()
        updated_at = DateTimeField()
        deleted_at = DateTimeField(index=True, null=True)
        date = DateField(index=True)
        kind = CharField(max_length=60)
        subject = CharField(max_length=200)
        target = CharField(null=True, max_length=100)
        problem_field = CharField(null=True, max_length=60)
        problems_found = IntegerField(null=True)
        problems_solved = IntegerField(null=True)
        community = ForeignKeyField(Community, null=True, on_delete='SET NULL')
        leader = CharField(null=True, max_length=50)
        is_principal_led = BooleanField(default=False)
        remarks = TextField(null=True)
        class Meta:
            database = db
            table_name = 'supervision_visit'
            indexes = ((('deleted_at', 'date'), False),)
    db.create_tables([SupervisionVisit])

    class UnitProfile(Model):
        unit_name = CharField(null=True, max_length=30)
        county_name = CharField(null=True, max_length=30)
        party_organ = CharField(null=True, max_length=60)
        government_organ = CharField(null=True, max_length=60)
        issuer_mark = CharField(null=True, max_length=40)
        doc_prefix = CharField(null=True, max_length=10)
        next_doc_number = IntegerField(default=1)
        signers = CharField(null=True, max_length=500)
        principal_leaders = CharField(null=True, max_length=500)
        addressee = CharField(null=True, max_length=100)
        copy_to = CharField(null=True, max_length=500)
        print_organ = CharField(null=True, max_length=60)
        legal_adviser_firm = CharField(null=True, max_length=60)
        legal_service_station = CharField(null=True, max_length=60)
        leadership_group = TextField(null=True)
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'unit_profile'
    db.create_tables([UnitProfile])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('unit_profile'))
    migrator.migrate(migrator.drop_table('supervision_visit'))
    migrator.migrate(migrator.drop_table('study_session'))
    migrator.migrate(migrator.drop_table('setting'))
    migrator.migrate(migrator.drop_table('report_narrative'))
    migrator.migrate(migrator.drop_table('patrol'))
    migrator.migrate(migrator.drop_table('meeting'))
    migrator.migrate(migrator.drop_table('legal_review'))
    migrator.migrate(migrator.drop_table('legal_adviser_service'))
    migrator.migrate(migrator.drop_table('lecture'))
    migrator.migrate(migrator.drop_table('lecturer'))
    migrator.migrate(migrator.drop_table('hotline_case'))
    migrator.migrate(migrator.drop_table('honor'))
    migrator.migrate(migrator.drop_table('dispute'))
    migrator.migrate(migrator.drop_table('community'))
    migrator.migrate(migrator.drop_table('audit_log'))
    migrator.migrate(migrator.drop_table('attachment'))
