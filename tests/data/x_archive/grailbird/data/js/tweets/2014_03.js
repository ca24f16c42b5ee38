Grailbird.data.tweets_2014_03 =
[
  {
    "source" : "web",
    "entities" : {
      "user_mentions" : [
        {
          "name" : "Mira Okafor",
          "screen_name" : "mira_okafor",
          "indices" : [
            0,
            1
          ],
          "id_str" : "2002",
          "id" : 2002
        },
        {
          "name" : "Tobias Lind",
          "screen_name" : "tobias_lind",
          "indices" : [
            0,
            1
          ],
          "id_str" : "3003",
          "id" : 3003
        }
      ],
      "media" : [],
      "hashtags" : [],
      "urls" : []
    },
    "in_reply_to_status_id_str" : "9100",
    "id_str" : "9301",
    "in_reply_to_user_id" : 2002,
    "text" : "@mira_okafor @tobias_lind Thanks both &amp; see you at the meetup!",
    "id" : 9301,
    "in_reply_to_status_id" : 9100,
    "created_at" : "2014-03-28 18:04:11 +0000",
    "in_reply_to_screen_name" : "mira_okafor",
    "in_reply_to_user_id_str" : "2002",
    "user" : {
      "name" : "Robin Quayle",
      "screen_name" : "rquayle",
      "protected" : false,
      "id_str" : "1001",
      "profile_image_url_https" : "https://example.invalid/p.png",
      "id" : 1001,
      "verified" : false
    }
  },
  {
    "source" : "web",
    "entities" : {
      "user_mentions" : [],
      "media" : [],
      "hashtags" : [],
      "urls" : []
    },
    "in_reply_to_status_id_str" : "9299",
    "id_str" : "9300",
    "in_reply_to_user_id" : 1001,
    "text" : "2/ and the rest of the thread",
    "id" : 9300,
    "in_reply_to_status_id" : 9299,
    "created_at" : "2014-03-20 09:00:00 +0000",
    "in_reply_to_screen_name" : "rquayle",
    "in_reply_to_user_id_str" : "1001",
    "user" : {
      "name" : "Robin Quayle",
      "screen_name" : "rquayle",
      "protected" : false,
      "id_str" : "1001",
      "profile_image_url_https" : "https://example.invalid/p.png",
      "id" : 1001,
      "verified" : false
    }
  },
  {
    "source" : "web",
    "entities" : {
      "user_mentions" : [],
      "media" : [],
      "hashtags" : [],
      "urls" : []
    },
    "id_str" : "9299",
    "text" : "1/ A thread on sourcing",
    "id" : 9299,
    "created_at" : "2014-03-20 08:59:00 +0000",
    "user" : {
      "name" : "Robin Quayle",
      "screen_name" : "rquayle",
      "protected" : false,
      "id_str" : "1001",
      "profile_image_url_https" : "https://example.invalid/p.png",
      "id" : 1001,
      "verified" : false
    }
  },
  {
    "source" : "web",
    "entities" : {
      "user_mentions" : [
        {
          "name" : "Tobias Lind",
          "screen_name" : "tobias_lind",
          "indices" : [
            0,
            1
          ],
          "id_str" : "3003",
          "id" : 3003
        }
      ],
      "media" : [],
      "hashtags" : [],
      "urls" : []
    },
    "id_str" : "9250",
    "text" : "RT @tobias_lind: We are hiring platform engineers in Oslo",
    "id" : 9250,
    "created_at" : "2014-03-12 12:30:00 +0000",
    "retweeted_status" : {
      "id_str" : "9249",
      "text" : "We are hiring platform engineers in Oslo",
      "created_at" : "2014-03-12 11:00:00 +0000",
      "user" : {
        "name" : "Tobias Lind",
        "screen_name" : "tobias_lind",
        "id_str" : "3003",
        "id" : 3003
      },
      "entities" : {
        "user_mentions" : [],
        "urls" : []
      }
    },
    "user" : {
      "name" : "Robin Quayle",
      "screen_name" : "rquayle",
      "protected" : false,
      "id_str" : "1001",
      "profile_image_url_https" : "https://example.invalid/p.png",
      "id" : 1001,
      "verified" : false
    }
  },
  {
    "source" : "web",
    "entities" : {
      "user_mentions" : [],
      "media" : [],
      "hashtags" : [],
      "urls" : [
        {
          "indices" : [
            20,
            40
          ],
          "url" : "http://t.co/abc",
          "expanded_url" : "https://twitter.com/jun_ito/status/9200",
          "display_url" : "twitter.com/jun_ito/status/9200"
        }
      ]
    },
    "id_str" : "9240",
    "text" : "Worth reading: http://t.co/abc",
    "id" : 9240,
    "created_at" : "2014-03-05 07:15:00 +0000",
    "user" : {
      "name" : "Robin Quayle",
      "screen_name" : "rquayle",
      "protected" : false,
      "id_str" : "1001",
      "profile_image_url_https" : "https://example.invalid/p.png",
      "id" : 1001,
      "verified" : false
    }
  },
  {
    "source" : "web",
    "entities" : {
      "user_mentions" : []
    },
    "id_str" : "9230",
    "text" : "no date here",
    "id" : 9230,
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
