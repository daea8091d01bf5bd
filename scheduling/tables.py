"""Rooms, availability, busy time and bookings."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

# Other packages' tables are named, not imported: this package depends on their services only.
SESSION = LazyTableReference("Session", module_path="hearing.tables")
PERSON = LazyTableReference("Person", module_path="parties.tables")


class Room(Table, tablename="rooms"):
    id = UUID(primary_key=True)
    name = Varchar(length=200)
    capacity = Integer()
    public_seats = Integer(default=0)
    address = Text(default="")
    timezone = Varchar(length=64, default="Asia/Shanghai")
    features = JSON(default="[]")


class WorkingHoursRecord(Table, tablename="working_hours"):
    """Weekly hours of a person or a room; absent means the jurisdiction's office hours."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        PERSON, null=True, on_delete=OnDelete.cascade, unique=True
    )
    room = ForeignKey(Room, null=True, on_delete=OnDelete.cascade, unique=True)
    timezone = Varchar(length=64)
    weekly = JSON(default="{}")
    exceptions = JSON(default="[]")


class BusyBlock(Table, tablename="busy_blocks"):
    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        PERSON, null=True, on_delete=OnDelete.cascade, index=True
    )
    room = ForeignKey(Room, null=True, on_delete=OnDelete.cascade, index=True)
    start_at = Timestamptz()
    end_at = Timestamptz()
    label = Varchar(length=200, default="")
    source = Varchar(length=300, default="manual")


class Booking(Table, tablename="bookings"):
    id = UUID(primary_key=True)
    session: ForeignKey[Table] = ForeignKey(SESSION, on_delete=OnDelete.cascade, index=True)
    room = ForeignKey(Room, null=True, on_delete=OnDelete.restrict)
    start_at = Timestamptz()
    end_at = Timestamptz()
    status = Varchar(length=20, default="confirmed")
    reason = Text(null=True, default=None)
    created_at = Timestamptz()
    #: Tentative holds lapse at this time; confirmed bookings have none.
    expires_at = Timestamptz(null=True, default=None)


class BookingClaim(Table, tablename="booking_claims"):
    """One resource (``person:<id>`` or ``room:<id>``) held by a booking for its time range.

    On PostgreSQL an exclusion constraint forbids two active claims on one resource whose
    ranges overlap, so the database itself refuses a double booking.
    """

    id = UUID(primary_key=True)
    booking = ForeignKey(Booking, on_delete=OnDelete.cascade, index=True)
    resource_key = Varchar(length=60, index=True)
    start_at = Timestamptz()
    end_at = Timestamptz()
    active = Boolean(default=True)
    expires_at = Timestamptz(null=True, default=None)


class CalendarSubscription(Table, tablename="calendar_subscriptions"):
    """A person's external calendar whose busy times are imported and refreshed."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(PERSON, on_delete=OnDelete.cascade, index=True)
    url = Text()
    source = Varchar(length=300)
    refreshed_at = Timestamptz(null=True, default=None)
    last_error = Text(null=True, default=None)
