window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1762000000000000002"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Tom Ishikawa",
            "screen_name" : "tomishi",
            "indices" : [
              "0",
              "8"
            ],
            "id_str" : "4100000004",
            "id" : "4100000004"
          },
          {
            "name" : "Jonas Pereira",
            "screen_name" : "jonas_p",
            "indices" : [
              "9",
              "17"
            ],
            "id_str" : "4100000002",
            "id" : "4100000002"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "29"
      ],
      "favorite_count" : "2",
      "id_str" : "1762000000000000002",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1762000000000000002",
      "created_at" : "Sun Feb 25 18:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@tomishi @jonas_p count me in",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1761999999999999002",
      "in_reply_to_status_id" : "1761999999999999002",
      "in_reply_to_user_id" : "4100000004",
      "in_reply_to_user_id_str" : "4100000004",
      "in_reply_to_screen_name" : "tomishi"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1762000000000000001"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "30"
      ],
      "favorite_count" : "2",
      "id_str" : "1762000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1762000000000000001",
      "created_at" : "Sun Feb 25 07:00:00 -0130 2024",
      "favorited" : false,
      "full_text" : "RT @Old_Friend: remember this?",
      "lang" : "en"
    }
  }
]