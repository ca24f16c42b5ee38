var user_details =
{
  "screen_name" : "rquayle",
  "location" : "Leeds",
  "full_name" : "Robin Quayle",
  "bio" : "Recruiter",
  "id" : "1001",
  "created_at" : "2010-01-02 10:00:00 +0000"
}
