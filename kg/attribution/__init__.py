"""Attribution: speakers, venues, dates and runs of quotes resolved into the records of an article."""
