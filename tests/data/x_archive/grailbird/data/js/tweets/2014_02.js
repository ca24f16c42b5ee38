Grailbird.data.tweets_2014_02 =
[
  {
    "source" : "web",
    "entities" : {
      "user_mentions" : [
        {
          "name" : "Mira O.",
          "screen_name" : "mira_o",
          "indices" : [
            0,
            1
          ],
          "id_str" : "2002",
          "id" : 2002
        }
      ],
      "media" : [],
      "hashtags" : [],
      "urls" : []
    },
    "id_str" : "9101",
    "text" : "Great talk by @mira_o today",
    "id" : 9101,
    "created_at" : "2014-02-14 16:45:00 +0000",
    "user" : {
      "name" : "Robin Quayle",
      "screen_name" : "rquayle",
      "protected" : false,
      "id_str" : "1001",
      "profile_image_url_https" : "https://example.invalid/p.png",
      "id" : 1001,
      "verified" : false
    }
  }
]
