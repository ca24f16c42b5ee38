var payload_details =
{
  "tweets" : 7,
  "created_at" : "2014-04-01 10:00:00 +0000",
  "lang" : "en"
}
