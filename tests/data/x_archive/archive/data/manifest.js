window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "4100000001",
    "userName" : "MiraOkafor",
    "displayName" : "Mira Okafor"
  },
  "archiveInfo" : {
    "sizeBytes" : "48213",
    "generationDate" : "2024-03-02T09:15:00.000Z",
    "isPartialArchive" : false,
    "maxPartSizeBytes" : "53687091200"
  },
  "readmeInfo" : {
    "fileName" : "data/README.txt",
    "directory" : "data/",
    "name" : "README.txt"
  },
  "dataTypes" : {
    "account" : {
      "files" : [
        {
          "fileName" : "data/account.js",
          "globalName" : "YTD.account.part0",
          "count" : "1"
        }
      ]
    },
    "block" : {
      "files" : [
        {
          "fileName" : "data/block.js",
          "globalName" : "YTD.block.part0",
          "count" : "3"
        }
      ]
    },
    "directMessages" : {
      "mediaDirectory" : "data/direct_messages_media",
      "files" : [
        {
          "fileName" : "data/direct-messages.js",
          "globalName" : "YTD.direct_messages.part0",
          "count" : "2"
        }
      ]
    },
    "directMessagesGroup" : {
      "mediaDirectory" : "data/direct_messages_group_media",
      "files" : [
        {
          "fileName" : "data/direct-messages-group.js",
          "globalName" : "YTD.direct_messages_group.part0",
          "count" : "1"
        }
      ]
    },
    "follower" : {
      "files" : [
        {
          "fileName" : "data/follower.js",
          "globalName" : "YTD.follower.part0",
          "count" : "3"
        }
      ]
    },
    "following" : {
      "files" : [
        {
          "fileName" : "data/following.js",
          "globalName" : "YTD.following.part0",
          "count" : "3"
        }
      ]
    },
    "like" : {
      "files" : [
        {
          "fileName" : "data/like.js",
          "globalName" : "YTD.like.part0",
          "count" : "2"
        }
      ]
    },
    "noteTweet" : {
      "files" : [
        {
          "fileName" : "data/note-tweet.js",
          "globalName" : "YTD.note_tweet.part0",
          "count" : "0"
        }
      ]
    },
    "tweets" : {
      "mediaDirectory" : "data/tweets_media",
      "files" : [
        {
          "fileName" : "data/tweets.js",
          "globalName" : "YTD.tweets.part0",
          "count" : "12"
        },
        {
          "fileName" : "data/tweets-part1.js",
          "globalName" : "YTD.tweets.part1",
          "count" : "2"
        }
      ]
    }
  }
}