from meters.defs.readings.raw import raw_readings as raw_readings
from meters.defs.partitions import nightly as nightly
