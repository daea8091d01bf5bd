"""Sessions booked before hearing kept a copy of their room get one now.

Hearing answers the public notice and counts observer seats from the room copied onto the
session at booking (it cannot read scheduling's rooms); sessions booked before that copy existed
had no notice and took no observers until rescheduled. Scheduling owns the rooms, so it fills
the copy in from them.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from scheduling.tables import Room

ID = "2026-12-01T22:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "copy the booked room onto sessions booked before the copy existed"


async def copy_booked_rooms() -> None:
    await Room.raw(
        "UPDATE sessions SET room_name = rooms.name, room_address = rooms.address, "
        "room_timezone = rooms.timezone, public_seats = rooms.public_seats "
        "FROM rooms WHERE rooms.id = sessions.room_id AND sessions.public_seats IS NULL"
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)
    manager.add_raw(copy_booked_rooms)
    return manager
